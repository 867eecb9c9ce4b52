from archkit import Workspace

workspace = Workspace(name="Raises")
raise RuntimeError("the model is broken on purpose")
