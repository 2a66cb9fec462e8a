"""The verdict on a file and the receipt an office gets: `files` reads and checks files as
`dvk validate`, the portal and the intake do; `validation` applies every rule of the format;
`check_pool` and `check_worker` spread the intake's checks over every core."""
