"""Turn sentiment and call intent on one shared MiniLM encoder pass (see stage.py)."""
