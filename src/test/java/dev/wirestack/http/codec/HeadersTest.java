package dev.wirestack.http.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeadersTest {

    @ParameterizedTest(name = "Connection: \"{0}\" has close: {1}")
    @CsvSource(delimiter = '|', value = {
            "close | true",
            "Close | true",
            "keep-alive, close | true",
            "keep-alive ,  CLOSE  | true",
            "keep-alive,,close, | true",
            "closed | false",
            "clos | false",
            "keep-alive | false",
            "'' | false",
            "' , ' | false",
            "x-close | false"})
    void hasTokenFindsAListElementWhateverItsCaseAndWhitespace(String value, boolean expected) {
        Headers headers = Headers.of("Connection", value);

        assertThat(headers.hasToken("connection", "close")).isEqualTo(expected);
        assertThat(headers.hasToken("Connection", "close")).isEqualTo(headers.tokens("Connection").contains("close"));
    }

    @Test
    void hasTokenLooksAtEveryFieldOfTheName() {
        Headers headers = Headers.of("Connection", "keep-alive", "Other", "close", "connection", "Upgrade, close");

        assertThat(headers.hasToken("Connection", "close")).isTrue();
        assertThat(headers.hasToken("Connection", "upgrade")).isTrue();
        assertThat(headers.hasToken("Other", "keep-alive")).isFalse();
    }

    @Test
    void countAllWithAndWithoutFollowTheNameCaseInsensitively() {
        Headers headers = Headers.of("Host", "a", "Accept", "*/*", "HOST", "b");

        assertThat(headers.count("host")).isEqualTo(2);
        assertThat(headers.all("Host")).containsExactly("a", "b");
        assertThat(headers.without("host").fields()).containsExactly(new Headers.Field("Accept", "*/*"));
        assertThat(headers.without("Absent")).isSameAs(headers);
        assertThat(headers.with("Date", "d").fields()).hasSize(4).last()
                .isEqualTo(new Headers.Field("Date", "d"));
        assertThat(headers.fields()).hasSize(3);
    }
}
