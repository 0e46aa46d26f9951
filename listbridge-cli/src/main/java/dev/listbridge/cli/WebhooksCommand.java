package dev.listbridge.cli;

import dev.listbridge.engine.config.AudienceConfig;
import dev.listbridge.spi.WebhookInstallation;
import picocli.CommandLine.Command;

@Command(name = "webhooks", mixinStandardHelpOptions = true, subcommands = WebhooksCommand.Install.class,
        description = "Webhooks the tools send to the daemon.")
final class WebhooksCommand {

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = "Registers each audience's webhook in its tool at server.publicUrl, with events caused by "
                    + "API calls (Listbridge's own writes) turned off. Idempotent.")
    static final class Install extends ConfiguredCommand {
        @Override
        int run(Wiring wiring) {
            String publicUrl = wiring.config().server().publicUrl();
            if (publicUrl == null) {
                err().println(configFile + ": server.publicUrl is not set: it is the URL the tool reaches the daemon at, "
                        + "e.g. https://sync.example.com");
                return ExitCodes.CONFIG;
            }
            int exit = ExitCodes.DONE;
            for (AudienceConfig audience : audiences(wiring.config())) {
                if (audience.webhookSecret() == null) {
                    err().println(configFile + ": audiences." + audience.name() + ".webhookSecret is not set; "
                            + "no webhook installed for " + audience.name());
                    exit = ExitCodes.CONFIG;
                    continue;
                }
                String path = "/hooks/" + audience.tool() + "/" + audience.name() + "/";
                WebhookInstallation installed = wiring.tool(audience.tool())
                        .installWebhook(audience.list(), publicUrl + path + audience.webhookSecret());
                out().println(audience.name() + ": webhook " + installed.webhookId() + (installed.created() ? " registered" : " already registered")
                        + " at " + publicUrl + path + "****");
                if (installed.signingSecret() == null && !installed.created()) {
                    out().println("  its signing secret was shown when it was created; for a new one, delete the webhook "
                            + "in the tool and install again");
                }
                if (installed.signingSecret() != null) {
                    out().println("  signing secret (shown once, Listbridge does not store it): " + installed.signingSecret());
                    out().println("  put it into the config: audiences." + audience.name()
                            + ".signingSecret: ${" + audience.tool().toUpperCase(java.util.Locale.ROOT).replace('-', '_')
                            + "_SIGNING_SECRET} and set that variable");
                }
            }
            return exit;
        }
    }
}
