"""Excel: form (the collection workbook, `xhht form`) and importer (`xhht import`). Needs openpyxl.

May import every layer but gitio and the command line.
"""
