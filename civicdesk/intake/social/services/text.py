"""What the social channel looks for in a post's words: @handles, street addresses, and the personal data an answer
must not carry (e-mail addresses, phone numbers; dates are not phone numbers)."""

import re

HANDLE = re.compile(r"(?<![\w@])@\w{1,15}")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
DATE = re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b")  # not phone numbers
PHONE = re.compile(r"(?<![\w-])\+?\(?\d[\d\s().-]{5,}\d(?![\w-])")
STREET_WORDS = (
    "st|street|ave|avenue|av|rd|road|blvd|boulevard|dr|drive|ln|lane|ct|court|pl|place|way|pkwy|parkway|"
    "ter|terrace|cir|circle|hwy|highway|calle|avenida"
)
# A house number, up to four words, a street word: "120 N Main St", "455 east oak avenue".
STREET_ADDRESS = re.compile(rf"\b\d{{1,6}}[a-z]?\s+(?:[\w.'-]+\s+){{0,4}}?(?:{STREET_WORDS})\b\.?", re.IGNORECASE)
