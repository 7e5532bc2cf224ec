package dev.meridian.app;

import io.micronaut.runtime.Micronaut;

/** Starts the Meridian server. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.build(args).mainClass(Application.class).defaultEnvironments("prod").start();
    }
}
