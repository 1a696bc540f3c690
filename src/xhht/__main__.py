from xhht.cli import run

run()
