import os

from archkit import Workspace

os.chdir("..")  # a relative --out must still mean the folder archkit was started in
os.environ["ARCHKIT_MODEL_WAS_HERE"] = "1"
workspace = Workspace(name="Moved")
workspace.model.software_system("Shop", "Sells things.")
