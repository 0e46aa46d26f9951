package dev.listbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's help renders as written: picocli takes descriptions as format strings and warns on stderr when one is not. */
class HelpTest {
    @Test
    void every_command_s_help_renders_without_a_formatting_warning() {
        PrintStream stderr = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        StringBuilder help = new StringBuilder();
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            CommandLine cli = Main.commandLine();
            help.append(cli.getUsageMessage());
            for (CommandLine command : cli.getSubcommands().values()) {
                help.append(command.getUsageMessage());
            }
        } finally {
            System.setErr(stderr);
        }
        assertThat(warnings.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(help).contains("a 1 % change, an event pull").doesNotContain("%n");
    }
}
