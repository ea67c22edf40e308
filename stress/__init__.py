"""The crash harness: children that save through the services and type into the real editor
are killed with SIGKILL at random moments, and what survived is checked (`make stress`)."""
