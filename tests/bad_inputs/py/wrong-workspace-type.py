workspace = {"name": "a dict is not a Workspace"}
