from archkit import Workspace

workspace = Workspace(name="Shop")
m = workspace.model
shop = m.software_system("Shop", "Sells things.")
api = shop.container("API", "Takes orders.", "Python")
db = shop.container("Database", "Stores orders.", "PostgreSQL", id="shop.db", tags=["Database"])
cache = shop.container("Cache", "Caches baskets.", "Redis")
api.uses(db, "Reads and writes", "SQL")
api.uses(cache, "Caches baskets in", "RESP")
for region, name in (("eu", "eu-west-1"), ("us", "us-east-1")):
    node = m.deployment_node(name, "A region.", "AWS", environment="Live", id=f"live.{region}")
    for container in (api, db, cache):
        node.container_instance(container)
