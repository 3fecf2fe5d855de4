"""SVG path geometry: the segments a path's `d` attribute draws, and the name of the shape they make.

Plain Python the RestrictedPython sandbox runs as it is: the SVG plan ships this source
(`inspect.getsource`) with the path, so the code shown to the user is the code that ran.
"""

from __future__ import annotations

import re

__all__ = ["path_segments", "shape_names"]


def path_segments(d):
    """('line' | 'arc' | 'curve', start, end, radii) for each piece of path data; M/L/H/V/Z/A/C/S/Q/T, any case."""
    tokens = re.findall(r"[MmLlHhVvZzAaCcSsQqTt]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?", d)
    sizes = {"m": 2, "l": 2, "h": 1, "v": 1, "a": 7, "c": 6, "s": 4, "q": 4, "t": 2}
    segments = []
    x, y = 0.0, 0.0
    start = (0.0, 0.0)
    command = ""
    i = 0
    while i < len(tokens):
        if tokens[i].isalpha():
            command = tokens[i]
            i += 1
            if command in "Zz":
                segments.append(("line", (x, y), start, None))
                x, y = start
                continue
        kind = command.lower()
        if kind not in sizes or i + sizes[kind] > len(tokens):
            raise ValueError("unreadable path data near token " + str(i))
        args = [float(t) for t in tokens[i:i + sizes[kind]]]
        i += sizes[kind]
        dx, dy = (x, y) if command.islower() else (0.0, 0.0)
        if kind == "h":
            end = (args[0] + dx, y)
        elif kind == "v":
            end = (x, args[0] + dy)
        else:
            end = (args[-2] + dx, args[-1] + dy)
        if kind == "m":
            start = end
            command = "l" if command == "m" else "L"  # further pairs after a move are lines
        elif kind == "a":
            segments.append(("arc", (x, y), end, (args[0], args[1])))
        elif kind in "csqt":
            segments.append(("curve", (x, y), end, None))
        else:
            segments.append(("line", (x, y), end, None))
        x, y = end
    return segments


def shape_names(d):
    """Names of the shape path `d` draws, most specific first ('square', 'rectangle', …, 'quadrilateral')."""
    def point(p):
        return (round(p[0], 2), round(p[1], 2))

    def distance(a, b):
        return ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5

    def same(a, b):
        return abs(a - b) <= 0.01 * max(abs(a), abs(b), 1e-9)

    drawn = [s for s in path_segments(d) if point(s[1]) != point(s[2]) or s[0] == "arc"]
    if not drawn:
        return ["point"]
    edges = []
    for kind, a, b, radii in drawn:
        edge = (kind, min(point(a), point(b)), max(point(a), point(b)), radii)
        if kind == "arc" or edge not in edges:  # two arcs between the same points are two halves
            edges.append(edge)
    degree = {}
    for kind, a, b, radii in edges:
        degree[a] = degree.get(a, 0) + 1
        degree[b] = degree.get(b, 0) + 1
    closed = all(n == 2 for n in degree.values())
    arcs = [e for e in edges if e[0] == "arc"]
    if any(e[0] == "curve" for e in edges):
        return ["closed curve" if closed else "curve"]
    if arcs:
        if len(arcs) == len(edges) and (closed or len(edges) == 1 and edges[0][1] == edges[0][2]):
            rx, ry = arcs[0][3]
            return ["circle", "ellipse"] if same(rx, ry) else ["ellipse"]
        return ["sector"] if closed else ["arc"]
    if len(edges) == 1:
        return ["line"]
    if not closed:
        return ["polyline", "line"]
    order = [edges[0][1]]  # walk the cycle from one vertex
    while len(order) < len(degree):
        last = order[-1]
        nxt = [b if a == last else a for kind, a, b, radii in edges if last in (a, b)]
        nxt = [p for p in nxt if p not in order]
        if not nxt:
            return ["shape with " + str(len(edges)) + " segments"]
        order.append(nxt[0])
    n = len(order)
    names = {3: "triangle", 5: "pentagon", 6: "hexagon", 7: "heptagon", 8: "octagon", 9: "nonagon", 10: "decagon"}
    if n != 4:
        return [names.get(n, str(n) + "-sided polygon")]
    a, b, c, e = order
    sides = [distance(a, b), distance(b, c), distance(c, e), distance(e, a)]
    equal_diagonals = same(distance(a, c), distance(b, e))

    def parallel(p, q, r, s):
        cross = (q[0] - p[0]) * (s[1] - r[1]) - (q[1] - p[1]) * (s[0] - r[0])
        return abs(cross) <= 0.01 * distance(p, q) * distance(r, s)

    opposite_equal = same(sides[0], sides[2]) and same(sides[1], sides[3])
    all_equal = opposite_equal and same(sides[0], sides[1])
    kite = (same(sides[0], sides[1]) and same(sides[2], sides[3])) or (same(sides[1], sides[2]) and same(sides[3], sides[0]))
    trapezoid = parallel(a, b, e, c) or parallel(b, c, a, e)
    found = []
    if all_equal and equal_diagonals:
        found.append("square")
    if opposite_equal and equal_diagonals:
        found.append("rectangle")
    if all_equal:
        found.append("rhombus")
    if opposite_equal:
        found.append("parallelogram")
    if kite:
        found.append("kite")
    if trapezoid:
        found.append("trapezoid")
    return found + ["quadrilateral"]
