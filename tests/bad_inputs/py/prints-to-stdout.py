from archkit import Workspace

print("MODEL-STDOUT-NOISE")
workspace = Workspace(name="Prints")
s = workspace.model.software_system("Shop", "Sells things.")
print("MODEL-STDOUT-NOISE again")
