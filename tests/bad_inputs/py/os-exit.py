import os

from archkit import Workspace

workspace = Workspace(name="Gone")
os._exit(0)  # ends the process at once, with exit status 0
