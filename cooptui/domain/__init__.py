"""Pure domain code: models, money, validators and es-EC formatting. No I/O, no Textual."""
