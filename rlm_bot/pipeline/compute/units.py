"""The unit table conversions read: every unit name people write, its dimension and its size in the
dimension's base unit (metre, gram, litre, byte, second, square metre, metre per second), temperature
scales, and unit names misspelt often enough in chat to read as the unit meant."""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re

# Units: factor to a base unit per dimension.
UNITS: dict[str, tuple[str, float]] = {}


def _unit(dim: str, factor: float, *names: str) -> None:
    for n in names:
        UNITS[n] = (dim, factor)


_unit("time", 0.001, "ms", "millisecond", "milliseconds")
_unit("time", 1, "s", "sec", "secs", "second", "seconds")
_unit("time", 60, "min", "mins", "minute", "minutes")
_unit("time", 3600, "h", "hr", "hrs", "hour", "hours")
_unit("time", 86400, "d", "day", "days")
_unit("time", 604800, "wk", "wks", "week", "weeks")
_unit("time", 31536000, "year", "years", "yr", "yrs")
_unit("length", 0.001, "mm", "millimeter", "millimeters", "millimetre", "millimetres")
_unit("length", 0.01, "cm", "centimeter", "centimeters", "centimetre", "centimetres")
_unit("length", 1, "m", "meter", "meters", "metre", "metres")
_unit("length", 1000, "km", "kilometer", "kilometers", "kilometre", "kilometres")
_unit("length", 0.0254, "in", "inch", "inches")
_unit("length", 0.3048, "ft", "foot", "feet")
_unit("length", 0.9144, "yd", "yard", "yards")
_unit("length", 1609.344, "mi", "mile", "miles")
_unit("mass", 0.001, "mg", "milligram", "milligrams")
_unit("mass", 1, "g", "gram", "grams")
_unit("mass", 1000, "kg", "kilo", "kilos", "kilogram", "kilograms")
_unit("mass", 453.59237, "lb", "lbs", "pound", "pounds")
_unit("mass", 28.349523125, "oz", "ounce", "ounces")
_unit("mass", 6350.29318, "stone", "stones")
_unit("volume", 0.001, "ml", "milliliter", "milliliters", "millilitre", "millilitres")
_unit("volume", 1, "l", "liter", "liters", "litre", "litres")
_unit("volume", 3.785411784, "gal", "gallon", "gallons")
_unit("volume", 0.2365882365, "cup", "cups")
_unit("volume", 0.473176473, "pint", "pints", "pt")
_unit("volume", 0.946352946, "quart", "quarts", "qt")
_unit("volume", 0.0295735295625, "fl oz", "fluid ounce", "fluid ounces")
_unit("volume", 0.01478676478125, "tbsp", "tablespoon", "tablespoons")
_unit("volume", 0.00492892159375, "tsp", "teaspoon", "teaspoons")
_unit("data", 1, "b", "byte", "bytes")
_unit("data", 1000, "kb", "kilobyte", "kilobytes")
_unit("data", 1000 ** 2, "mb", "megabyte", "megabytes")
_unit("data", 1000 ** 3, "gb", "gigabyte", "gigabytes")
_unit("data", 1000 ** 4, "tb", "terabyte", "terabytes")
_unit("data", 0.125, "bit", "bits")
_unit("data", 125, "kbit", "kilobit", "kilobits")
_unit("data", 125_000, "mbit", "megabit", "megabits")
_unit("data", 125_000_000, "gbit", "gigabit", "gigabits")
_unit("data", 1024, "kib", "kibibyte", "kibibytes")
_unit("data", 1024 ** 2, "mib", "mebibyte", "mebibytes")
_unit("data", 1024 ** 3, "gib", "gibibyte", "gibibytes")
_unit("data", 1024 ** 4, "tib", "tebibyte", "tebibytes")
_unit("speed", 1 / 3.6, "km/h", "kmh", "kph")
_unit("speed", 0.44704, "mph")
_unit("speed", 1, "m/s")
_unit("mass", 0.000001, "mcg", "µg", "ug", "microgram", "micrograms")
_unit("mass", 1_000_000, "tonne", "tonnes", "metric ton", "metric tons")
_unit("volume", 0.000001, "µl", "ul", "microliter", "microliters", "microlitre", "microlitres")
_unit("volume", 0.01, "cl", "centiliter", "centiliters", "centilitre", "centilitres")
_unit("volume", 0.1, "dl", "deciliter", "deciliters", "decilitre", "decilitres")
_unit("volume", 1000, "m3", "m³", "cubic meter", "cubic meters", "cubic metre", "cubic metres")
_unit("volume", 3.785411784, "us gallon", "us gallons", "us gal")
_unit("volume", 4.54609, "uk gallon", "uk gallons", "imperial gallon", "imperial gallons", "imp gal")
_unit("volume", 0.473176473, "us pint", "us pints")
_unit("volume", 0.56826125, "uk pint", "uk pints", "imperial pint", "imperial pints")
_unit("volume", 0.0295735295625, "us fl oz", "us fluid ounce", "us fluid ounces", "floz", "fl. oz", "fl.oz")
_unit("volume", 0.0284130625, "uk fl oz", "imperial fl oz", "uk fluid ounce", "uk fluid ounces")
_unit("volume", 0.2365882365, "us cup", "us cups")
_unit("area", 1e-6, "mm2", "mm²", "sq mm", "square millimeter", "square millimeters", "square millimetre", "square millimetres")
_unit("area", 1e-4, "cm2", "cm²", "sq cm", "square centimeter", "square centimeters", "square centimetre", "square centimetres")
_unit("area", 1, "m2", "m²", "sq m", "sqm", "square meter", "square meters", "square metre", "square metres")
_unit("area", 1e6, "km2", "km²", "sq km", "square kilometer", "square kilometers", "square kilometre", "square kilometres")
_unit("area", 0.00064516, "in2", "in²", "sq in", "square inch", "square inches")
_unit("area", 0.09290304, "ft2", "ft²", "sq ft", "sqft", "square foot", "square feet")
_unit("area", 0.83612736, "yd2", "yd²", "sq yd", "square yard", "square yards")
_unit("area", 2589988.110336, "mi2", "mi²", "sq mi", "square mile", "square miles")
_unit("area", 4046.8564224, "acre", "acres")
_unit("area", 10000, "hectare", "hectares", "ha")
_unit("speed", 1 / 3.6, "km/hr", "kmph", "km per hour", "kilometers per hour", "kilometres per hour", "kilometer per hour", "kilometre per hour")
_unit("speed", 0.44704, "miles per hour", "mile per hour", "mi/h")
_unit("speed", 1, "meters per second", "metres per second", "meter per second", "metre per second", "mps")
_unit("speed", 0.3048, "ft/s", "feet per second", "fps")
_unit("speed", 1852 / 3600, "knot", "knots")
_unit("length", 1852, "nautical mile", "nautical miles", "nmi")
# data rates in bytes per second: 'Mbps' is megabits (a capital-B 'MBps' is declined by the reader, case is lost here)
_unit("datarate", 0.125, "bps", "bit/s", "bits per second")
_unit("datarate", 125, "kbps", "kbit/s", "kilobits per second")
_unit("datarate", 125_000, "mbps", "mbit/s", "megabits per second")
_unit("datarate", 125_000_000, "gbps", "gbit/s", "gigabits per second")
_unit("datarate", 1000 ** 2, "mb/s", "mb per second", "mb per sec", "megabytes per second", "mbyte/s")
_unit("datarate", 1000 ** 3, "gb/s", "gb per second", "gb per sec", "gigabytes per second", "gbyte/s")
_unit("datarate", 1000, "kb/s", "kb per second", "kb per sec", "kilobytes per second", "kbyte/s")
_unit("datarate", 1024 ** 2, "mib/s", "mebibytes per second")
_unit("time", 1209600, "fortnight", "fortnights")
TEMPS = {"c": "C", "celsius": "C", "°c": "C", "f": "F", "fahrenheit": "F", "°f": "F", "k": "K", "kelvin": "K"}
UNIT_ALT = "|".join(sorted((re.escape(u) for u in list(UNITS) + list(TEMPS)), key=len, reverse=True))


# Misspellings of unit names common enough in chat to read as the unit meant.
UNIT_TYPOS = {"kilomters": "kilometers", "kilometeres": "kilometers", "kilometrs": "kilometres", "kilomteres": "kilometres",
              "kilometer's": "kilometers", "kms": "km", "milimeters": "millimeters", "milimetres": "millimetres",
              "centimeteres": "centimeters", "centimetes": "centimeters", "metters": "meters", "meteres": "meters",
              "kilogramms": "kilograms", "kilogrammes": "kilograms", "kilograms's": "kilograms", "grammes": "grams",
              "gramms": "grams", "farenheit": "fahrenheit", "fahrenheight": "fahrenheit", "farenheight": "fahrenheit",
              "fahrenhiet": "fahrenheit", "celcius": "celsius", "celsuis": "celsius", "centigrade": "celsius",
              "mililiters": "milliliters", "mililitres": "millilitres", "litters": "liters", "inchs": "inches",
              "feets": "feet", "pounds's": "pounds", "ounzes": "ounces", "gallns": "gallons",
              "minuts": "minutes", "mintues": "minutes", "hourse": "hours", "miliseconds": "milliseconds"}
UNIT_TYPO_RE = re.compile(r"\b(" + "|".join(map(re.escape, UNIT_TYPOS)) + r")\b")


_BYTE_RATE_CAPS = re.compile(r"\d\s*[KMGT]B(?:ps|PS)\b")


def writes_byte_rate(text: str) -> bool:
    """Whether `text` writes a rate in bytes with a capital B ('50 MBps'): the table, read in lower case, would take it
    for megabits ('mbps'), so conversions decline it."""
    return bool(_BYTE_RATE_CAPS.search(text))
