package dev.listbridge.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.listbridge.store.SnapshotIndex;
import dev.listbridge.store.Snapshots.GenerationChange;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeptIndexTest {
    final KeptIndex kept = new KeptIndex();
    final SnapshotIndex index = SnapshotIndex.empty();
    final KeptIndex.Held used = new KeptIndex.Held(index, "g1");

    @Test
    void an_index_is_taken_once_and_only_for_the_generation_it_holds() {
        kept.afterDiff(used, true, new SavedRowSums(), Optional.empty());
        assertThat(kept.take("g2")).isNull();
        kept.afterDiff(used, true, new SavedRowSums(), Optional.empty());
        assertThat(kept.take("g1")).isSameAs(index);
        assertThat(kept.take("g1")).as("taken already").isNull();
    }

    @Test
    void a_diff_that_rolled_back_leaves_the_index_at_its_generation() {
        SavedRowSums saved = new SavedRowSums();
        saved.keysChanged();
        kept.afterDiff(used, false, saved, Optional.of(new GenerationChange("g1", "g2")));
        assertThat(kept.take("g1")).isSameAs(index);
    }

    @Test
    void a_committed_diff_moves_the_index_to_the_generation_it_left() {
        kept.afterDiff(used, true, new SavedRowSums(), Optional.of(new GenerationChange("g1", "g2")));
        assertThat(kept.take("g2")).isSameAs(index);
    }

    @Test
    void the_index_is_dropped_when_snapshots_came_or_went_or_others_wrote_them_since_it_was_loaded() {
        SavedRowSums keysChanged = new SavedRowSums();
        keysChanged.keysChanged();
        kept.afterDiff(used, true, keysChanged, Optional.of(new GenerationChange("g1", "g2")));
        assertThat(kept.take("g2")).isNull();
        kept.afterDiff(used, true, new SavedRowSums(), Optional.of(new GenerationChange("g0", "g2")));
        assertThat(kept.take("g2")).isNull();
        kept.afterDiff(used, true, new SavedRowSums(), Optional.of(new GenerationChange(null, "g2")));
        assertThat(kept.take("g2")).isNull();
    }
}
