package io.ably4j.cli;

import io.ably4j.RealtimeClient;
import io.ably4j.types.AblyException;
import io.ably4j.types.Json;
import io.ably4j.types.TokenParams;
import java.util.List;
import java.util.Set;

/**
 * {@code ably4j token}: prints, as one line of JSON, a token obtained with the API key (TokenDetails, RSA8) or, with
 * {@code --request}, a TokenRequest signed locally with the key (RSA9), for a client's authCallback or authUrl to hand
 * out, or for {@code --token} of the other commands.
 */
final class TokenCommand implements Command {
    /** The connection options that matter to obtaining a token: the key and where Ably is. */
    private static final Set<String> TARGET_OPTIONS =
            Set.of("--key", "--endpoint", "--port", "--tls", "--no-tls", "--log-level");

    private static final CommandSpec SPEC = new CommandSpec(
            "token",
            List.of(),
            "print a token (TokenDetails) or a signed TokenRequest as JSON",
            """
            Obtains a token with the API key and prints its TokenDetails (token, issued, expires, capability,
            clientId) as one line of JSON; use the token with --token of the other commands. With --request,
            prints instead a TokenRequest signed locally with the key (no request to Ably), which a client
            exchanges for a token: what an authUrl or authCallback serves. Without a key, uses the emulator's
            default key: with --port N the token comes from the `ably4j emulator` on localhost:N; with neither,
            from an embedded emulator that stops when this command exits.""",
            Options.concat(
                    Target.OPTIONS.stream()
                            .filter(o -> TARGET_OPTIONS.contains(o.name()))
                            .toList(),
                    Option.flag("--request", "print a signed TokenRequest instead of obtaining a token"),
                    Option.value("--ttl", "MS", "time to live in milliseconds, at most 24 h (default: 60 minutes)"),
                    Option.value(
                            "--capability",
                            "JSON",
                            "e.g. '{\"chat:*\":[\"subscribe\"]}' (default: the key's capability)"),
                    new Option(
                            "--client-id", "ID", "token-client-id", null, "the token's client id; * for a wildcard")));

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CliContext ctx) throws Exception {
        boolean request = args.has("request");
        TokenParams params = params(args);
        try (Target target = Target.open(args, ctx, false)) {
            if (target.embedded() != null) {
                ctx.err()
                        .println(ctx.style()
                                .dim(
                                        request
                                                ? "no API key given, so signed with the emulator's default key: any `ably4j"
                                                        + " emulator` accepts it for 2 minutes"
                                                : "no API key given, so the token is from an embedded emulator, which stops"
                                                        + " when this command exits: add --port N for a running `ably4j"
                                                        + " emulator`, or --key"));
            }
            RealtimeClient client = new RealtimeClient(
                    target.options().toBuilder().autoConnect(false).build());
            try {
                String json = request
                        ? Clients.await(
                                        client.auth().createTokenRequest(params, null),
                                        ctx,
                                        Clients.REQUEST_TIMEOUT,
                                        50003,
                                        "signing the token request")
                                .toJson()
                        : Clients.await(
                                        client.auth().requestToken(params, null),
                                        ctx,
                                        Clients.REQUEST_TIMEOUT,
                                        50003,
                                        "requesting the token")
                                .toJson();
                ctx.out().println(json);
                return Main.OK;
            } finally {
                client.close();
            }
        }
    }

    /** The token params of {@code --ttl}, {@code --capability} and {@code --client-id}, checked. */
    static TokenParams params(ParsedArgs args) throws UsageException {
        TokenParams.Builder b = TokenParams.builder();
        if (args.has("ttl")) {
            b.ttl((long) args.integer("ttl", 0, 1, 24 * 60 * 60 * 1000));
        }
        String capability = args.get("capability");
        if (capability != null) {
            Json json;
            try {
                json = Json.parse(capability);
            } catch (AblyException e) {
                throw new UsageException(
                        "--capability is not valid JSON: " + e.errorInfo().message());
            }
            if (!json.isObject()) {
                throw new UsageException("--capability must be a JSON object of channel names to operations, e.g."
                        + " '{\"chat:*\":[\"subscribe\"]}'");
            }
            b.capability(json.text());
        }
        String clientId = args.get("token-client-id");
        if (clientId != null) {
            if (clientId.isEmpty()) {
                throw new UsageException("--client-id must not be empty");
            }
            b.clientId(clientId);
        }
        return b.build();
    }
}
