import time

while True:
    try:
        time.sleep(10)
    except Exception:  # a careless retry loop must not defeat the timeout
        pass
