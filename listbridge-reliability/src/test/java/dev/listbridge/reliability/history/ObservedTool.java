package dev.listbridge.reliability.history;

import dev.listbridge.spi.Address;
import dev.listbridge.spi.AudienceInfo;
import dev.listbridge.spi.Capabilities;
import dev.listbridge.spi.EventPage;
import dev.listbridge.spi.MemberPage;
import dev.listbridge.spi.MemberWrite;
import dev.listbridge.spi.RemoteMember;
import dev.listbridge.spi.ToolConnector;
import dev.listbridge.spi.ToolEvent;
import dev.listbridge.spi.WriteOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The real connector, watched: the events and members the engine pulled in a cycle, in order, whether the pull
 * read to its last page, and the addresses where a single-member read found a member (the engine's input, for
 * the reference model).
 */
final class ObservedTool implements ToolConnector {
    private final ToolConnector real;
    private List<ToolEvent> events = new ArrayList<>();
    private boolean pullComplete;
    private List<RemoteMember> imported = new ArrayList<>();
    private boolean importComplete;
    private Set<String> held = new HashSet<>();

    ObservedTool(ToolConnector real) {
        this.real = real;
    }

    void startCycle() {
        events = new ArrayList<>();
        pullComplete = false;
        imported = new ArrayList<>();
        importComplete = false;
        held = new HashSet<>();
    }

    /** The events of this cycle's pull, or null when it did not read to the end. */
    List<ToolEvent> completedPull() {
        return pullComplete ? events : null;
    }

    /** The members of this cycle's first-sync import, or null when there was none or it did not finish. */
    List<RemoteMember> completedImport() {
        return importComplete ? imported : null;
    }

    /** The address keys where this cycle's single-member reads found a member. */
    Set<String> heldAt() {
        return Set.copyOf(held);
    }

    @Override
    public Capabilities capabilities() {
        return real.capabilities();
    }

    @Override
    public void checkConnection() {
        real.checkConnection();
    }

    @Override
    public AudienceInfo describeAudience(String audienceId) {
        return real.describeAudience(audienceId);
    }

    @Override
    public void prepareAudience(String audienceId, Set<String> fields) {
        real.prepareAudience(audienceId, fields);
    }

    @Override
    public List<WriteOutcome> upsert(String audienceId, List<MemberWrite> writes) {
        return real.upsert(audienceId, writes);
    }

    @Override
    public String rename(String audienceId, Address from, Address to) {
        return real.rename(audienceId, from, to);
    }

    @Override
    public List<WriteOutcome> archive(String audienceId, List<Address> addresses) {
        return real.archive(audienceId, addresses);
    }

    @Override
    public List<WriteOutcome> tag(String audienceId, String tag, List<Address> add, List<Address> remove) {
        return real.tag(audienceId, tag, add, remove);
    }

    @Override
    public MemberPage readMembers(String audienceId, String pageToken) {
        if (pageToken == null) {
            imported = new ArrayList<>();
            importComplete = false;
        }
        MemberPage page = real.readMembers(audienceId, pageToken);
        imported.addAll(page.members());
        importComplete = page.nextPageToken() == null;
        return page;
    }

    @Override
    public Optional<RemoteMember> readMember(String audienceId, Address address) {
        Optional<RemoteMember> member = real.readMember(audienceId, address);
        member.ifPresent(found -> held.add(address.key()));
        return member;
    }

    @Override
    public EventPage readEvents(String audienceId, Instant since, String pageToken) {
        if (pageToken == null) {
            events = new ArrayList<>();
            pullComplete = false;
        }
        EventPage page = real.readEvents(audienceId, since, pageToken);
        events.addAll(page.events());
        pullComplete = page.nextPageToken() == null;
        return page;
    }

    @Override
    public void close() {
        real.close();
    }
}
