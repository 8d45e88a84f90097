package io.tokenshare.replay;

import java.time.Duration;
import java.util.Iterator;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * The loop shared by the publishers: paced sends until the input ends or a producer fails, then a
 * flush, then a report counted from acknowledgements, or the first failure.
 */
final class PublishLoop {

    private PublishLoop() {}

    /**
     * @param main        the producer of the main topic, already checked for reachability
     * @param deadLetters the dead-letter producer, or null when the input has no invalid lines
     * @param progress    told the number of items handed to the producers so far, after each item
     */
    static <T> PublishReport run(
            Stream<T> items,
            Pacer pacer,
            Consumer<? super T> send,
            LongConsumer progress,
            TrackedProducer<?, ?> main,
            TrackedProducer<?, ?> deadLetters) {
        long startNanos = System.nanoTime();
        long publishedBefore = main.acknowledged();
        long deadLetteredBefore = deadLetters == null ? 0 : deadLetters.acknowledged();
        long handed = 0;
        Iterator<T> iterator = items.iterator();
        while (!failed(main, deadLetters) && iterator.hasNext()) {
            pacer.awaitTurn();
            send.accept(iterator.next());
            progress.accept(++handed);
            main.noticeIfStalled();
        }
        main.flush();
        if (deadLetters != null) {
            deadLetters.flush();
        }
        PublishReport report = new PublishReport(
                main.acknowledged() - publishedBefore,
                deadLetters == null ? 0 : deadLetters.acknowledged() - deadLetteredBefore,
                Duration.ofNanos(System.nanoTime() - startNanos));
        PublishException failure = main.failure(report);
        if (failure == null && deadLetters != null) {
            failure = deadLetters.failure(report);
        }
        if (failure != null) {
            throw failure;
        }
        return report;
    }

    private static boolean failed(TrackedProducer<?, ?> main, TrackedProducer<?, ?> deadLetters) {
        return main.hasFailed() || (deadLetters != null && deadLetters.hasFailed());
    }
}
