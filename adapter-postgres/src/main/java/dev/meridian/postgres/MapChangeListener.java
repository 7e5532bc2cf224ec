package dev.meridian.postgres;

import dev.meridian.ports.out.MapChangeFeed;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage's {@link MapChangeFeed}: one daemon thread on a connection of its own, outside the pools ({@code LISTEN
 * meridian_map_changes}, application name {@code meridian-listen}), that hands every {@link MapNotifications}
 * notification to the listeners. Started by the first {@link #listen}; stopped by {@link #close()}.
 *
 * <p>When the connection is lost it connects again, waiting 100 ms, then twice as long each time up to 5 s; the
 * outage is logged once when it starts and once when it ends, and then every listener is told
 * {@link Listener#anyChanged()}, since notifications sent meanwhile were lost. A connection that is quiet for
 * {@link #VALIDATE_AFTER} is checked with a round trip, so a server that vanished without closing the socket is
 * noticed too.
 */
final class MapChangeListener implements MapChangeFeed, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MapChangeListener.class);
    static final Duration FIRST_RETRY = Duration.ofMillis(100);
    static final Duration LAST_RETRY = Duration.ofSeconds(5);
    static final Duration VALIDATE_AFTER = Duration.ofSeconds(10);
    private static final int POLL_MILLIS = 250;

    /** Opens the listening connection. */
    @FunctionalInterface
    interface Connector {
        Connection connect() throws SQLException;
    }

    private final Connector connector;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private Thread thread;
    private volatile boolean closed;
    private volatile boolean listening;

    MapChangeListener(Connector connector) {
        this.connector = connector;
    }

    @Override
    public synchronized Subscription listen(Listener listener) {
        if (closed) {
            throw new IllegalStateException("the storage is closed");
        }
        listeners.add(listener);
        if (thread == null) {
            thread = new Thread(this::run, "meridian-map-listener");
            thread.setDaemon(true);
            thread.start();
        }
        return () -> listeners.remove(listener);
    }

    /** Whether the thread is connected and listening now (for tests and health). */
    boolean listening() {
        return listening;
    }

    private void run() {
        Duration retry = FIRST_RETRY;
        boolean down = false;
        while (!closed) {
            try (Connection c = connector.connect()) {
                try (Statement s = c.createStatement()) {
                    s.execute("listen " + MapNotifications.CHANNEL);
                }
                listening = true;
                retry = FIRST_RETRY;
                if (down) {
                    down = false;
                    LOG.info("hearing map changes again; every live map refreshes");
                    listeners.forEach(MapChangeListener::anyChanged);
                }
                receive(c.unwrap(PGConnection.class), c);
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (closed) {
                    return;
                }
                if (!down) {
                    down = true;
                    LOG.warn("lost the connection that hears other nodes' map changes ({}); connecting again, "
                            + "live maps refresh on their own changes and every 30 s meanwhile", e.getMessage());
                }
                sleep(retry);
                retry = retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
            }
        }
        listening = false;
    }

    private void receive(PGConnection pg, Connection c) throws SQLException {
        long quietSince = System.nanoTime();
        while (!closed) {
            PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
            if (notifications == null || notifications.length == 0) {
                if (System.nanoTime() - quietSince > VALIDATE_AFTER.toNanos()) {
                    if (!c.isValid((int) Math.max(1, VALIDATE_AFTER.toSeconds()))) {
                        throw new SQLException("the listening connection does not answer");
                    }
                    quietSince = System.nanoTime();
                }
                continue;
            }
            quietSince = System.nanoTime();
            for (PGNotification notification : notifications) {
                String payload = notification.getParameter();
                if (MapNotifications.namesAny(payload)) {
                    listeners.forEach(MapChangeListener::anyChanged);
                } else {
                    var websites = MapNotifications.websites(payload);
                    for (Listener listener : listeners) {
                        try {
                            listener.changed(websites);
                        } catch (RuntimeException e) {
                            LOG.warn("a map change listener failed", e);
                        }
                    }
                }
            }
        }
    }

    private static void anyChanged(Listener listener) {
        try {
            listener.anyChanged();
        } catch (RuntimeException e) {
            LOG.warn("a map change listener failed", e);
        }
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            // close() interrupts: the loop ends on closed
        }
    }

    /** Stops the thread and closes its connection (waits at most a second). Idempotent. */
    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            closed = true;
            running = thread;
        }
        if (running != null) {
            running.interrupt();
            try {
                running.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
