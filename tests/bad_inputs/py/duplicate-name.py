from archkit import Workspace

workspace = Workspace(name="Dup")
workspace.model.software_system("Shop", "Sells things.")
workspace.model.software_system("Shop", "Sells things twice.")
