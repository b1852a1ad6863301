from exporter.cli import main

main(prog_name="xbrl-export")
