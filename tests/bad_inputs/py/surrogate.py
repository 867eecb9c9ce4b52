from archkit import Workspace

workspace = Workspace(name="Shop")
workspace.model.software_system("Shop", "Sells \udfff things.", id="shop")
