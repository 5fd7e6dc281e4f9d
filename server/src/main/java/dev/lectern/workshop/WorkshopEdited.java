package dev.lectern.workshop;

/**
 * Published with {@link WorkshopUpdated} for the room's edge: the workshop as the PATCH's own
 * transaction left it, so the room hears that version and not a later one read after the commit.
 */
public record WorkshopEdited(long workshopId, WorkshopView workshop) {}
