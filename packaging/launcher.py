"""Entry point of the frozen app: the window by default, the `genart` verbs when named.

    genart-desktop                      the window
    genart-desktop --smoke-test         first-paint JSON line (offscreen without a display)
    genart-desktop --self-check         generate, export and verify one image, offscreen
    genart-desktop generate --help      any `genart` verb
    genart-desktop IMAGE… | FOLDER      open the window and import / offer to train
    genart-desktop -m MODULE ARGS…      run a module, as `python -m` does: the app starts helper
                                        processes with sys.executable, which is this program here
"""

import multiprocessing
import sys


def main() -> int:
    multiprocessing.freeze_support()  # torch DataLoader workers and DDP children re-enter here
    from genart_desktop.cli import VERBS

    args = sys.argv[1:]
    if len(args) >= 2 and args[0] == "-m":
        import runpy

        sys.argv = [args[1], *args[2:]]
        runpy.run_module(args[1], run_name="__main__", alter_sys=True)
        return 0
    if args and (args[0] in VERBS or args[0] in ("--version", "--help", "-h")):
        from genart_desktop.cli import main as cli_main

        return cli_main(args)
    from genart_desktop.__main__ import main as gui_main

    return gui_main(args)


if __name__ == "__main__":
    sys.exit(main())
