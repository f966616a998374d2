"""Reports of a run: the console (rich), JUnit XML, and one self-contained HTML file."""
