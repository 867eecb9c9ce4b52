from archkit import Workspace

workspace = Workspace(name="w")
shop = workspace.model.software_system("Shop", "Sells.")
shop.container("API", "Takes orders.", technolgy="Python")
