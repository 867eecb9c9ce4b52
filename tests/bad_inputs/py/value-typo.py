from archkit import Workspace

workspace = Workspace(name="Shop")
m = workspace.model
shop = m.software_system("Shop", "Sells things.")
customer = m.person("Customer", "Buys things.", location="externel")
