from archkit import Workspace

workspace = Workspace(name="Hand built")
workspace.model.people.append("not a person")
