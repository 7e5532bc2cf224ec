package dev.meridian.app;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Says where the server listens and how to get a website API key. */
@Singleton
@Requires(notEnv = Application.CLI_ENVIRONMENT) // the import command provisions nothing
public class StartupBanner implements ApplicationEventListener<ServerStartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(StartupBanner.class);

    private final AdminTokenBootstrap adminToken;

    public StartupBanner(AdminTokenBootstrap adminToken) {
        this.adminToken = adminToken;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        String url = event.getSource().getURL().toString();
        LOG.info("Meridian is listening on {} . Get an API key: TOKEN=$(cat {}); "
                + "curl -s -X POST {}/api/v1/admin/websites -H \"Authorization: Bearer $TOKEN\" "
                + "-H 'Content-Type: application/json' -d '{\"domain\":\"example.com\"}', then POST "
                + "{}/api/v1/admin/websites/<websiteId>/api-keys (see README.md)", url, adminToken.tokenFile(), url, url);
    }
}
