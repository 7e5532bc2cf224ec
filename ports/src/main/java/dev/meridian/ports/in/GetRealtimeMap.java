package dev.meridian.ports.in;

import dev.meridian.ports.model.RealtimeMap;

/** Who is on a website right now (API.md §2). */
public interface GetRealtimeMap {

    /** @throws dev.meridian.ports.error.NotFoundException unknown website */
    RealtimeMap realtimeMap(String websiteId);
}
