from archkit import Workspace

workspace = Workspace(name="Shop")
shop = workspace.model.software_system("Shop", "Sells things.")
old = shop.container("API", "The old API.", "Python", id="shop.api-v1")
new = shop.container("API", "The new API.", "Python", id="shop.api-v2")
old.uses(new, "Forwards to", "HTTPS")
