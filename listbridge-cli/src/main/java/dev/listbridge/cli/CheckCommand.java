package dev.listbridge.cli;

import dev.listbridge.crm.jdbc.NamedStatement;
import dev.listbridge.engine.config.AudienceConfig;
import dev.listbridge.spi.AudienceInfo;
import dev.listbridge.spi.InvalidConfigException;
import dev.listbridge.spi.ListbridgeException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Validates the config and tests the connections to the CRM, the state store and each tool.")
final class CheckCommand extends ConfiguredCommand {
    private boolean configFailed;

    @Override
    int run(Wiring wiring) {
        var config = wiring.config();
        out().println("config " + configFile + ": valid");
        Map<String, String> statements = new LinkedHashMap<>();
        if (config.crm().writeBack() != null) {
            config.crm().writeBack().forEach((name, sql) -> statements.put("crm.writeBack." + name, sql));
        }
        for (AudienceConfig audience : config.audiences().values()) {
            if (audience.writeBack() != null) {
                audience.writeBack().forEach((name, sql) -> statements.put("audiences." + audience.name() + ".writeBack." + name, sql));
            }
        }
        statements.forEach((key, sql) -> NamedStatement.parse(key, sql));
        int failures = 0;
        failures += step("state store", () -> wiring.store());
        failures += step("CRM", () -> {
            wiring.crm().checkConnection();
            return wiring.crm().countContacts() + " contacts";
        });
        for (AudienceConfig audience : audiences(config)) {
            failures += step("audience " + audience.name() + " (" + audience.tool() + ")", () -> {
                var tool = wiring.tool(audience.tool());
                tool.checkConnection();
                AudienceInfo info = tool.describeAudience(audience.list());
                return "list '" + info.name() + "', " + info.memberCount() + " members, double opt-in "
                        + (info.doubleOptIn() ? "on" : "off");
            });
        }
        out().println(failures == 0 ? "all checks passed" : failures + " check(s) failed");
        return failures == 0 ? ExitCodes.DONE : configFailed ? ExitCodes.CONFIG : ExitCodes.FAILED;
    }

    private int step(String what, java.util.function.Supplier<Object> check) {
        try {
            Object result = check.get();
            out().println("  ok    " + what + (result instanceof String s ? ": " + s : ""));
            return 0;
        } catch (ListbridgeException e) {
            out().println("  FAIL  " + what + ": " + e.getMessage());
            configFailed |= e instanceof InvalidConfigException; // a tool's settings are config: exit 2, as for sync
            return 1;
        }
    }
}
