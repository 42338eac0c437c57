package dev.wirestack.scenario;

import dev.wirestack.tcp.TcpConfig;
import dev.wirestack.tcp.cc.CongestionControlFactory;
import dev.wirestack.tcp.cc.Cubic;
import dev.wirestack.tcp.cc.NewReno;
import java.time.Duration;
import java.util.Locale;

/**
 * The TCP settings a scenario gives its connections (both ends of each), turned into a {@link TcpConfig}.
 *
 * @param mss                0 for the interface's MTU less 40 (the host's own choice); else a cap, as TCP_MAXSEG
 * @param msl                the maximum segment lifetime: TIME_WAIT lasts twice this (RFC 9293 section 3.4.2)
 * @param receiveBufferBytes the largest window a receiver offers; small ones make zero windows easy to see
 */
public record TcpSettings(Congestion congestion, boolean sack, boolean timestamps, boolean windowScaling,
                          boolean noDelay, int mss, Duration msl, Duration delayedAck, int sendBufferBytes,
                          int receiveBufferBytes) {

    public enum Congestion {
        NEWRENO(NewReno::new, "NewReno"), CUBIC(Cubic::new, "CUBIC");

        private final CongestionControlFactory factory;
        private final String displayName;

        Congestion(CongestionControlFactory factory, String displayName) {
            this.factory = factory;
            this.displayName = displayName;
        }

        public String displayName() {
            return displayName;
        }

        /** The name as a file writes it: {@code newreno}, {@code cubic}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Linux-like defaults ({@link TcpConfig#DEFAULT}) except a maximum segment lifetime of 500 ms, so that
     * TIME_WAIT is seen to end within a short scenario; real stacks wait 30 s or more.
     */
    public static final TcpSettings DEFAULT = new TcpSettings(Congestion.NEWRENO, true, true, true, false, 0,
            Duration.ofMillis(500), TcpConfig.DEFAULT.delayedAck(), TcpConfig.DEFAULT.sendBufferBytes(),
            TcpConfig.DEFAULT.receiveBufferBytes());

    public TcpSettings {
        if (mss != 0 && (mss < 64 || mss > 65495)) {
            throw new IllegalArgumentException("mss must be 64..65495 (or 0 for the MTU's): " + mss);
        }
        if (sendBufferBytes < 1 || sendBufferBytes > TcpConfig.MAX_BUFFER_BYTES
                || receiveBufferBytes < 1 || receiveBufferBytes > TcpConfig.MAX_BUFFER_BYTES) {
            throw new IllegalArgumentException("buffers must be 1 byte to 1 GiB");
        }
    }

    public TcpConfig toConfig() {
        TcpConfig config = TcpConfig.DEFAULT.withCongestionControl(congestion.factory)
                .withOptions(windowScaling, timestamps, sack).withNoDelay(noDelay).withMsl(msl)
                .withDelayedAck(delayedAck).withBuffers(sendBufferBytes, receiveBufferBytes);
        return mss == 0 ? config : config.withMss(mss);
    }

    public TcpSettings withCongestion(Congestion value) {
        return new TcpSettings(value, sack, timestamps, windowScaling, noDelay, mss, msl, delayedAck,
                sendBufferBytes, receiveBufferBytes);
    }

    public TcpSettings withOptions(boolean newSack, boolean newTimestamps, boolean newWindowScaling) {
        return new TcpSettings(congestion, newSack, newTimestamps, newWindowScaling, noDelay, mss, msl, delayedAck,
                sendBufferBytes, receiveBufferBytes);
    }

    public TcpSettings withNoDelay(boolean value) {
        return new TcpSettings(congestion, sack, timestamps, windowScaling, value, mss, msl, delayedAck,
                sendBufferBytes, receiveBufferBytes);
    }

    public TcpSettings withMss(int value) {
        return new TcpSettings(congestion, sack, timestamps, windowScaling, noDelay, value, msl, delayedAck,
                sendBufferBytes, receiveBufferBytes);
    }

    public TcpSettings withMsl(Duration value) {
        return new TcpSettings(congestion, sack, timestamps, windowScaling, noDelay, mss, value, delayedAck,
                sendBufferBytes, receiveBufferBytes);
    }

    public TcpSettings withDelayedAck(Duration value) {
        return new TcpSettings(congestion, sack, timestamps, windowScaling, noDelay, mss, msl, value,
                sendBufferBytes, receiveBufferBytes);
    }

    public TcpSettings withBuffers(int send, int receive) {
        return new TcpSettings(congestion, sack, timestamps, windowScaling, noDelay, mss, msl, delayedAck, send,
                receive);
    }
}
