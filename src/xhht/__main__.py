from xhht.cli import main

main()
