typedef int ejwt_platform_placeholder; /* replaced by the platform hooks */
