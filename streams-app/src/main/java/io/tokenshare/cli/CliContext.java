package io.tokenshare.cli;

import java.lang.reflect.Constructor;
import java.util.Map;
import picocli.CommandLine;

/**
 * What the commands take from the process rather than from their arguments: the environment. Handed
 * to every command by the picocli factory, so that tests can run commands with an environment of
 * their own.
 *
 * @param environment the environment variables the configuration layers read
 */
public record CliContext(Map<String, String> environment) {

    public CliContext {
        environment = Map.copyOf(environment);
    }

    /** The process's own context. */
    public static CliContext ofProcess() {
        return new CliContext(System.getenv());
    }

    /** A picocli factory that gives this context to every class with a constructor taking it. */
    public CommandLine.IFactory factory() {
        CommandLine.IFactory fallback = CommandLine.defaultFactory();
        return new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                    if (constructor.getParameterCount() == 1
                            && constructor.getParameterTypes()[0] == CliContext.class) {
                        constructor.setAccessible(true);
                        return type.cast(constructor.newInstance(CliContext.this));
                    }
                }
                return fallback.create(type);
            }
        };
    }
}
