import time

while True:
    try:
        time.sleep(10)
    except:  # noqa: E722 -- a bare except catches whatever an in-process timer raises
        pass
