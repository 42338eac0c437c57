package dev.wirestack.http.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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

    @Test
    void withSeveralFieldsAddsThemInOrderAndLeavesTheOriginalAsItWas() {
        Headers headers = Headers.of("Content-Type", "text/plain");

        Headers more = headers.with(new Headers.Field("Date", "d"), new Headers.Field("Content-Length", "13"));

        assertThat(more.fields()).containsExactly(new Headers.Field("Content-Type", "text/plain"),
                new Headers.Field("Date", "d"), new Headers.Field("Content-Length", "13"));
        assertThat(headers.fields()).containsExactly(new Headers.Field("Content-Type", "text/plain"));
        assertThat(more).isEqualTo(Headers.of("Content-Type", "text/plain", "Date", "d", "Content-Length", "13"));
    }

    @Test
    void headersCopyTheListTheyAreMadeFromAndCannotBeChanged() {
        List<Headers.Field> list = new ArrayList<>(List.of(new Headers.Field("A", "1")));
        Headers headers = new Headers(list);

        list.add(new Headers.Field("B", "2"));

        assertThat(headers.fields()).containsExactly(new Headers.Field("A", "1"));
        assertThatThrownBy(() -> headers.fields().add(new Headers.Field("C", "3")))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new Headers(Arrays.asList(
                new Headers.Field("A", "1"), null))).isInstanceOf(NullPointerException.class);
    }
}
