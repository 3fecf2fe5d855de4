"""A small git repository with a bug, built in a tmp dir (shared by the enrichment tests and the
memory benchmark)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

MODELS = '''"""Shop data types."""
from dataclasses import dataclass, field


@dataclass
class Item:
    """One line of a cart."""

    name: str
    price: float
    qty: int = 1


@dataclass
class Cart:
    """A customer's cart."""

    items: list[Item] = field(default_factory=list)
    coupon: str | None = None
'''

PRICING_V1 = '''"""Cart pricing."""
from shop.models import Cart, Item


def line_total(item: Item) -> float:
    """Price of one line."""
    return item.price * item.qty


def cart_total(cart: Cart) -> float:
    """Sum of every line of the cart."""
    return sum(line_total(i) for i in cart.items)


def average_price(cart: Cart) -> float:
    """Mean price per unit in the cart."""
    units = sum(i.qty for i in cart.items)
    # an empty cart has no units: avoid dividing by zero
    return cart_total(cart) / max(units, 1)
'''

PRICING_V2 = PRICING_V1.replace("""    # an empty cart has no units: avoid dividing by zero
    return cart_total(cart) / max(units, 1)""", """    # carts always hold items at checkout
    return cart_total(cart) / units""")

API = '''"""HTTP handlers."""
from .pricing import cart_total, average_price


def summary(cart):
    """Totals shown on the checkout page."""
    return {"total": cart_total(cart), "average": average_price(cart)}
'''

TESTS = '''from shop.models import Cart, Item
from shop.pricing import cart_total


def test_cart_total_sums_lines():
    assert cart_total(Cart([Item("a", 2.0, 3)])) == 6.0
'''

TYPES_TS = '''export interface LineItem {
  name: string;
  price: number;
  qty: number;
}

export type Currency = "EUR" | "USD";
'''

CART_TS = '''import { LineItem, Currency } from "./types";

export function total(items: LineItem[], currency: Currency): number {
  return items.reduce((sum, i) => sum + i.price * i.qty, 0);
}
'''

CONFIG = '''SETTINGS = {"stripe_key": "sk_live_ABCDEFGHIJKLMNOPQRSTUVWX", "region": "eu"}
'''

TRACE = '''Traceback (most recent call last):
  File "/srv/shop/app.py", line 4, in <module>
    print(summary(Cart()))
  File "/srv/shop/shop/api.py", line 7, in summary
    return {"total": cart_total(cart), "average": average_price(cart)}
  File "/srv/shop/shop/pricing.py", line 19, in average_price
    return cart_total(cart) / units
ZeroDivisionError: division by zero
'''


def _git(root: Path, *args: str, author: str = "Ana Lima") -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": f"{author.split()[0].lower()}@shop.test",
           "GIT_COMMITTER_NAME": author, "GIT_COMMITTER_EMAIL": "ci@shop.test",
           "GIT_AUTHOR_DATE": "2026-11-01T10:00:00Z", "GIT_COMMITTER_DATE": "2026-11-01T10:00:00Z"}
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def build_shop_repo(root: Path) -> Path:
    """Create the shop repository: a first commit by Ana, then Bo's commit that drops the
    empty-cart guard from average_price (the bug the trace shows)."""
    files = {"shop/__init__.py": "", "shop/models.py": MODELS, "shop/pricing.py": PRICING_V1,
             "shop/api.py": API, "tests/test_pricing.py": TESTS, "web/src/types.ts": TYPES_TS,
             "web/src/cart.ts": CART_TS, "shop/config.py": CONFIG,
             "app.py": "from shop.api import summary\nfrom shop.models import Cart\n\nprint(summary(Cart()))\n"}
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "Shop: models, pricing, API, web cart")
    (root / "shop/pricing.py").write_text(PRICING_V2)
    _git(root, "commit", "-q", "-am", "Simplify average_price", author="Bo Kim")
    return root
