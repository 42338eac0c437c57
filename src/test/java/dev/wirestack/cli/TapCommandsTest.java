package dev.wirestack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad command lines of the real-network commands: one line naming the problem, exit code 2, and no interface
 * touched (every flag is checked before the TAP is opened, so these run without root).
 */
class TapCommandsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            serve --ip 10.77.0.2/24                                             | Missing required option: '--tap=NAME'
            serve --tap wst-none                                                | Missing required option: '--ip=A.B.C.D/P'
            serve --tap wst-none --ip 10.77.0.2                                 | not an address with a prefix length
            serve --tap wst-none --ip 10.77.0.2/33                              | a prefix length is 0 to 32, not 33
            serve --tap wst-none --ip 224.0.0.1/24                              | --ip must be a unicast address
            serve --tap wst-none --ip 10.77.0.2/24 --gateway 10.9.0.1           | --gateway 10.9.0.1 is not in the subnet
            serve --tap wst-none --ip 10.77.0.2/24 --mac 01:00:5e:00:00:01      | --mac must be a unicast address
            serve --tap wst-none --ip 10.77.0.2/24 --mac 02:00                  | not a MAC address
            serve --tap wst-none --ip 10.77.0.2/24 --mtu 67                     | --mtu is 68 to 65521, not 67
            serve --tap wst-none --ip 10.77.0.2/24 --mtu 65522                  | --mtu is 68 to 65521, not 65522
            serve --tap wst-none --ip 10.77.0.2/24 --udp-echo 0                 | --udp-echo is a port from 1 to 65535
            serve --tap wst-none --ip 10.77.0.2/24 --echo 70000                 | --echo is a port from 1 to 65535
            serve --tap wst-none --ip 10.77.0.2/24 --discard 0                  | --discard is a port from 1 to 65535
            serve --tap wst-none --ip 10.77.0.2/24 --echo 7 --discard 7         | --echo and --discard cannot share port 7
            serve --tap wst-none --ip 10.77.0.2/24 --http 0 --root .            | --http is a port from 1 to 65535
            serve --tap wst-none --ip 10.77.0.2/24 --https 65536 --root .       | --https is a port from 1 to 65535
            serve --tap wst-none --ip 10.77.0.2/24 --echo 80 --http 80 --root . | --echo and --http cannot share port 80
            serve --tap wst-none --ip 10.77.0.2/24 --http 80 --https 80 --root .| --http and --https cannot share port 80
            serve --tap wst-none --ip 10.77.0.2/24 --http 80                    | --http needs --root DIR
            serve --tap wst-none --ip 10.77.0.2/24 --https 443                  | --https needs --root DIR
            serve --tap wst-none --ip 10.77.0.2/24 --http 80 --root /wst-none   | --root /wst-none is not a directory
            serve --tap wst-none --ip 10.77.0.2/24 --root .                     | --root, --keystore and --keystore-password-env need --http or --https
            serve --tap wst-none --ip 10.77.0.2/24 --http 80 --root . --keystore k.p12 | --keystore and --keystore-password-env need --https
            serve --tap wst-none --ip 10.77.0.2/24 --https 443 --root . --keystore /wst-none.p12 | --keystore /wst-none.p12 is not a readable file
            serve --tap wst-none --ip 10.77.0.2/24 --https 443 --root . --keystore-password-env P | --keystore-password-env needs --keystore FILE
            serve --tap wst-none --ip 10.77.0.2/24 --https 443 --root . --keystore pom.xml --keystore-password-env WST_UNSET_PASSWORD | the environment variable WST_UNSET_PASSWORD is not set
            serve --tap wst-none --ip 10.77.0.2/24 --https 443 --root . --keystore pom.xml | --keystore pom.xml:
            serve --tap wst-none --ip 10.77.0.2/24 --impair loss=2              | loss is a probability from 0 to 1
            serve --tap wst-none --ip 10.77.0.2/24 --impair jitter=1ms          | unknown impairment 'jitter'
            serve --tap wst-none --ip 10.77.0.2/24 --quiet=yes                  | --quiet
            serve --tap a/b --ip 10.77.0.2/24                                   | not an interface name
            serve --tap abcdefghijklmnop --ip 10.77.0.2/24                      | not an interface name
            ping --tap wst-none --ip 10.77.0.2/24                               | Missing required parameter: 'HOST'
            get --tap wst-none --ip 10.77.0.2/24                                | Missing required parameter: 'URL'
            get --tap wst-none --ip 10.77.0.2/24 http://example.org/            | the URL's host example.org is a name, and Wirestack resolves no names yet
            get --tap wst-none --ip 10.77.0.2/24 ftp://10.77.0.1/f              | only http:// and https:// URLs can be fetched
            get --tap wst-none --ip 10.77.0.2/24 http:///f                      | the URL names no host
            get --tap wst-none --ip 10.77.0.2/24 http://10.77.0.1/a^b           | not a URL
            ping --tap wst-none --ip 10.77.0.2/24 example.org                   | not an IPv4 address
            ping --tap wst-none --ip 10.77.0.2/24 -c 0 10.77.0.1                | -c is 1 to 65535, not 0
            ping --tap wst-none --ip 10.77.0.2/24 -s 65508 10.77.0.1            | -s is 0 to 65507 bytes, not 65508
            ping --tap wst-none --ip 10.77.0.2/24 -i 0 10.77.0.1                | -i is 0.001 to 3600.0 seconds, not 0.0
            ping --tap wst-none --ip 10.77.0.2/24 -i soon 10.77.0.1             | Invalid value for option '-i'
            """)
    void aBadCommandLineGetsOneLineAndExitCode2(String commandLine, String problem) {
        Cli.Result result = Cli.run(commandLine.split(" "));

        assertThat(result.code()).as(result.err()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith("wirestack: ").contains(problem).hasLineCount(1);
    }
}
