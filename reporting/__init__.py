"""The reports a province and the centre owe upward, written from the published marts: the
movement's periodic report (`dvk report`). Every figure is a query on a mart, kept beside the
figure so that the report's appendix can say where each one comes from."""
