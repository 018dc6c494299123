from genart_desktop.core.errors import DatasetError


def test_describe_says_what_which_file_and_next_step(tmp_path):
    err = DatasetError("The image is truncated.", path=tmp_path / "a.png", hint="Re-export it.")
    text = err.describe()
    assert "truncated" in text and "a.png" in text and "Re-export" in text
