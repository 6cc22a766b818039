package greenwave.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {

    @Test
    void splitsOnSemicolonsOutsideQuotesAndComments() {
        SqlScript script = SqlScript.parse("""
                -- a comment; not a statement end
                SET 'table.local-time-zone' = 'UTC';
                /* block; comment */
                SELECT 'a;b', `we;ird` FROM t WHERE x = 'it''s; fine';

                SELECT 1
                """);
        List<SqlScript.Statement> s = script.statements();
        assertThat(s).hasSize(3);
        assertThat(s.get(0).text()).isEqualTo("-- a comment; not a statement end\nSET 'table.local-time-zone' = 'UTC'");
        assertThat(s.get(0).line()).isEqualTo(1);
        assertThat(s.get(0).keywords(1)).isEqualTo("SET");
        assertThat(s.get(1).text())
                .startsWith("/* block; comment */\nSELECT 'a;b', `we;ird`")
                .endsWith("'it''s; fine'");
        assertThat(s.get(1).line()).isEqualTo(3);
        assertThat(s.get(1).keywords(2)).isEqualTo("SELECT 'A;B',");
        assertThat(s.get(2).text()).isEqualTo("SELECT 1");
        assertThat(s.get(2).line()).isEqualTo(6);
        assertThat(s.get(2).index()).isEqualTo(3);
    }

    @Test
    void executeStatementSetIsOneStatement() {
        SqlScript script = SqlScript.parse("""
                EXECUTE STATEMENT SET
                BEGIN
                  INSERT INTO a SELECT 1;
                  INSERT INTO b SELECT 2;
                END;
                SELECT 3;
                """);
        assertThat(script.statements()).hasSize(2);
        assertThat(script.statements().get(0).text())
                .startsWith("EXECUTE STATEMENT SET")
                .endsWith("END");
        assertThat(script.statements().get(1).line()).isEqualTo(6);
    }

    @Test
    void sqlClientStatementSetStaysSeparate() {
        SqlScript script = SqlScript.parse("BEGIN STATEMENT SET;\nINSERT INTO a SELECT 1;\nEND;");
        assertThat(script.statements())
                .extracting(SqlScript.Statement::text)
                .containsExactly("BEGIN STATEMENT SET", "INSERT INTO a SELECT 1", "END");
    }

    @Test
    void commentOnlyTailIsDropped() {
        assertThat(SqlScript.parse("SELECT 1; -- the end\n/* really */\n").statements())
                .hasSize(1);
        assertThat(SqlScript.parse("  \n-- nothing\n").statements()).isEmpty();
    }

    @Test
    void flinkPositionsMoveToTheScript() {
        SqlScript.Statement s =
                SqlScript.parse("\n\n   SELECT x\nFROM t;").statements().get(0);
        assertThat(s.line()).isEqualTo(3);
        assertThat(s.column()).isEqualTo(4);
        assertThat(s.toScriptPositions(
                        "Encountered \"x\" at line 1, column 8. From line 2, column 6 to line 2, column 6"))
                .isEqualTo("Encountered \"x\" at line 3, column 11. From line 4, column 6 to line 4, column 6");
    }
}
