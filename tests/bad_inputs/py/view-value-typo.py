from archkit import Workspace

workspace = Workspace(name="Shop")
shop = workspace.model.software_system("Shop", "Sells things.")
workspace.views.container(shop, direction="lr")
