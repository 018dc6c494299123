import sys

from genart_desktop.cli import main

sys.exit(main())
