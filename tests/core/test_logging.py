import logging

from genart_desktop.core.logsetup import log_file, setup_logging


def test_log_file_is_written_in_genart_home(genart_home):
    path = setup_logging(console=False)
    logging.getLogger("genart_desktop.test").info("hello from the test")
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert path == log_file()
    assert genart_home.resolve() in path.parents
    assert "hello from the test" in path.read_text(encoding="utf-8")
