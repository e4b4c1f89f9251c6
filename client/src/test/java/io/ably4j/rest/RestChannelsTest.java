package io.ably4j.rest;

import static io.ably4j.rest.RestChannelHarness.thrown;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ChannelOptions;
import io.ably4j.RestChannel;
import io.ably4j.RestChannels;
import io.ably4j.RestClient;
import io.ably4j.types.CipherParams;
import java.util.Base64;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/** {@code RestClient#channels} (RSN1-RSN4) and the channel's name and options (RSL7, RSL9). */
@NullUnmarked
class RestChannelsTest {
    private static final ChannelOptions ENCRYPTED = ChannelOptions.builder()
            .cipher(CipherParams.builder()
                    .key(Base64.getEncoder().encodeToString(new byte[16]))
                    .build())
            .build();

    private final RestChannelHarness h = new RestChannelHarness();
    private final RestClient client = h.json();
    private final RestChannels channels = client.channels();

    @Test
    void RSN1_channels_is_one_collection_per_client() {
        assertThat(client.channels()).isSameAs(channels);
    }

    @Test
    void RSN3a_get_creates_a_channel_once_and_returns_it_after() {
        RestChannel first = channels.get("test");

        assertThat(channels.get("test")).isSameAs(first);
        assertThat(first.name()).isEqualTo("test"); // RSL9
        assertThat(first.options()).isEqualTo(ChannelOptions.defaults());
    }

    @Test
    void RSN3b_get_with_options_sets_them_on_a_new_channel() {
        assertThat(channels.get("test", ENCRYPTED).options()).isEqualTo(ENCRYPTED);
    }

    @Test
    void RSN3c_get_with_options_updates_an_existing_channel() {
        RestChannel channel = channels.get("test");

        assertThat(channels.get("test", ENCRYPTED)).isSameAs(channel);
        assertThat(channel.options()).isEqualTo(ENCRYPTED);
    }

    @Test
    void RSL7_set_options_replaces_the_options() {
        RestChannel channel = channels.get("test");

        channel.setOptions(ENCRYPTED);

        assertThat(channel.options()).isEqualTo(ENCRYPTED);
        assertThat(RestChannelHarness.thrownRunning(() -> channel.setOptions(null))
                        .code())
                .isEqualTo(40000);
    }

    @Test
    void RSN2_exists_and_names_list_the_channels() {
        channels.get("a");
        channels.get("b");

        assertThat(channels.exists("a")).isTrue();
        assertThat(channels.exists("c")).isFalse();
        assertThat(channels.exists(null)).isFalse();
        assertThat(channels.names()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void RSN4a_release_removes_the_channel_so_get_creates_a_new_one() {
        RestChannel first = channels.get("test");

        channels.release("test");

        assertThat(channels.exists("test")).isFalse();
        assertThat(channels.get("test")).isNotSameAs(first);
    }

    @Test
    void RSN4b_release_of_an_unknown_channel_does_nothing() {
        channels.release("never-created");

        assertThat(channels.names()).isEmpty();
    }

    @Test
    void RSN3_null_or_empty_names_are_rejected_with_40010() {
        assertThat(thrown(() -> channels.get(null)).code()).isEqualTo(40010);
        assertThat(thrown(() -> channels.get("")).code()).isEqualTo(40010);
        assertThat(thrown(() -> channels.get("", ENCRYPTED)).code()).isEqualTo(40010);
        assertThat(RestChannelHarness.thrownRunning(() -> channels.release("")).code())
                .isEqualTo(40010);
        assertThat(thrown(() -> channels.get("ok", null)).code()).isEqualTo(40000);
        assertThat(channels.names()).isEmpty();
    }
}
