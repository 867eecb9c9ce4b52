from archkit import Workspace

workspace = Workspace(name="Shop")
workspace.model.software_system("Shop", "Sells things.")
workspace.arc42.risk("R1", "Payment provider outage", probabilty="high")
