from archkit import Workspace

workspace = Workspace(name="Broken"
