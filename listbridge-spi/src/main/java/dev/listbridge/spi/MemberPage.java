package dev.listbridge.spi;

import java.util.List;

/** One page of members; {@code nextPageToken} is null on the last page. */
public record MemberPage(List<RemoteMember> members, String nextPageToken) {
    public MemberPage {
        members = List.copyOf(members);
    }
}
