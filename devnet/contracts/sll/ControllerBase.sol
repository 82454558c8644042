// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {ALMProxy} from "./ALMProxy.sol";
import {RateLimits} from "./RateLimits.sol";
import {RateLimitKeys} from "./RateLimitKeys.sol";

interface IATokenLike {
    function POOL() external view returns (address);
    function UNDERLYING_ASSET_ADDRESS() external view returns (address);
    function balanceOf(address) external view returns (uint256);
}

interface IAavePoolLike {
    function supply(address asset, uint256 amount, address onBehalfOf, uint16 referralCode) external;
    function withdraw(address asset, uint256 amount, address to) external returns (uint256);
}

struct SendParam {
    uint32 dstEid;
    bytes32 to;
    uint256 amountLD;
    uint256 minAmountLD;
    bytes extraOptions;
    bytes composeMsg;
    bytes oftCmd;
}

struct MessagingFee {
    uint256 nativeFee;
    uint256 lzTokenFee;
}

struct OFTLimit {
    uint256 minAmountLD;
    uint256 maxAmountLD;
}

struct OFTFeeDetail {
    int256 feeAmountLD;
    string description;
}

struct OFTReceipt {
    uint256 amountSentLD;
    uint256 amountReceivedLD;
}

interface IOFTLike {
    function token() external view returns (address);
    function approvalRequired() external view returns (bool);
    function quoteOFT(SendParam calldata) external view returns (OFTLimit memory, OFTFeeDetail[] memory, OFTReceipt memory);
    function quoteSend(SendParam calldata, bool payInLzToken) external view returns (MessagingFee memory);
    function send(SendParam calldata, MessagingFee calldata, address refundAddress) external payable;
}

/// @notice CCTP V1 TokenMessenger / TokenMinter (the subset the controller uses).
interface ICctpTokenMessengerLike {
    function depositForBurn(uint256 amount, uint32 destinationDomain, bytes32 mintRecipient, address burnToken)
        external
        returns (uint64 nonce);
    function localMinter() external view returns (address);
}

interface ICctpTokenMinterLike {
    function burnLimitsPerMessage(address token) external view returns (uint256);
}

/// @title ControllerBase (devnet)
/// @notice What MainnetController and ForeignController share: roles, governance setters, Aave, LayerZero,
/// asset transfers and ERC-4626 plumbing. Every token/venue call goes through `proxy.doCall`; every relayer
/// action draws on a RateLimits key. Revert strings carry the controller's prefix (`MC/` or `FC/`).
/// Written for the devnet from the published interface and semantics; not the upstream source.
abstract contract ControllerBase is AccessControl {
    bytes32 public constant FREEZER = keccak256("FREEZER");
    bytes32 public constant RELAYER = keccak256("RELAYER");

    bytes32 public constant LIMIT_AAVE_DEPOSIT = RateLimitKeys.LIMIT_AAVE_DEPOSIT;
    bytes32 public constant LIMIT_AAVE_WITHDRAW = RateLimitKeys.LIMIT_AAVE_WITHDRAW;
    bytes32 public constant LIMIT_4626_DEPOSIT = RateLimitKeys.LIMIT_4626_DEPOSIT;
    bytes32 public constant LIMIT_4626_WITHDRAW = RateLimitKeys.LIMIT_4626_WITHDRAW;
    bytes32 public constant LIMIT_LAYERZERO_TRANSFER = RateLimitKeys.LIMIT_LAYERZERO_TRANSFER;
    bytes32 public constant LIMIT_ASSET_TRANSFER = RateLimitKeys.LIMIT_ASSET_TRANSFER;
    bytes32 public constant LIMIT_USDC_TO_CCTP = RateLimitKeys.LIMIT_USDC_TO_CCTP;
    bytes32 public constant LIMIT_USDC_TO_DOMAIN = RateLimitKeys.LIMIT_USDC_TO_DOMAIN;

    /// @dev `Options.newOptions().addExecutorLzReceiveOption(200_000, 0)`.
    bytes internal constant LZ_RECEIVE_OPTIONS = hex"00030100110100000000000000000000000000030d40";

    ALMProxy public immutable proxy;
    RateLimits public immutable rateLimits;

    /// @notice Minimum share of an Aave deposit that must arrive as aTokens (1e18 = 100%); 0 = not set.
    mapping(address => uint256) public maxSlippages;
    /// @notice Highest accepted ERC-4626 exchange rate, assets per share scaled by 1e36; 0 = none accepted.
    mapping(address => uint256) public maxExchangeRates;
    /// @notice LayerZero recipient (destination ALMProxy as bytes32) per destination endpoint id.
    mapping(uint32 => bytes32) public layerZeroRecipients;
    /// @notice CCTP mint recipient (destination ALMProxy as bytes32) per destination domain.
    mapping(uint32 => bytes32) public mintRecipients;
    /// @notice CCTP V1 TokenMessenger. Devnet: set by governance with `setCctp` because CCTP is deployed
    /// after the controllers (production controllers take it, and USDC, in the constructor).
    address public cctp;
    /// @notice The USDC that `transferUSDCToCCTP` burns (devnet: set with `setCctp`).
    address public cctpUsdc;

    event RelayerRemoved(address indexed relayer);
    event MaxSlippageSet(address indexed pool, uint256 maxSlippage);
    event MaxExchangeRateSet(address indexed token, uint256 maxExchangeRate);
    event LayerZeroRecipientSet(uint32 indexed destinationEndpointId, bytes32 layerZeroRecipient);
    event MintRecipientSet(uint32 indexed destinationDomain, bytes32 mintRecipient);
    event CctpSet(address indexed tokenMessenger, address indexed usdc);

    constructor(address admin, address proxy_, address rateLimits_) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        proxy = ALMProxy(payable(proxy_));
        rateLimits = RateLimits(rateLimits_);
    }

    /// @dev "MC/" or "FC/".
    function _prefix() internal pure virtual returns (string memory);

    function _check(bool ok, string memory reason) internal pure {
        if (!ok) revert(string.concat(_prefix(), reason));
    }

    // --- freezer ---

    function removeRelayer(address relayer) external onlyRole(FREEZER) {
        _revokeRole(RELAYER, relayer);
        emit RelayerRemoved(relayer);
    }

    // --- governance ---

    function setMaxSlippage(address pool, uint256 maxSlippage) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _check(pool != address(0), "pool-zero-address");
        maxSlippages[pool] = maxSlippage;
        emit MaxSlippageSet(pool, maxSlippage);
    }

    /// @notice Accepts ERC-4626 deposits into `token` while `shares` cost at most `maxExpectedAssets`.
    function setMaxExchangeRate(address token, uint256 shares, uint256 maxExpectedAssets)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
    {
        _check(token != address(0), "token-zero-address");
        uint256 rate = shares == 0 ? 0 : maxExpectedAssets * 1e36 / shares;
        maxExchangeRates[token] = rate;
        emit MaxExchangeRateSet(token, rate);
    }

    function setLayerZeroRecipient(uint32 destinationEndpointId, bytes32 layerZeroRecipient)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
    {
        layerZeroRecipients[destinationEndpointId] = layerZeroRecipient;
        emit LayerZeroRecipientSet(destinationEndpointId, layerZeroRecipient);
    }

    function setMintRecipient(uint32 destinationDomain, bytes32 mintRecipient) external onlyRole(DEFAULT_ADMIN_ROLE) {
        mintRecipients[destinationDomain] = mintRecipient;
        emit MintRecipientSet(destinationDomain, mintRecipient);
    }

    /// @notice Devnet-only: points the controller at the CCTP TokenMessenger and the USDC it burns.
    function setCctp(address tokenMessenger, address usdc_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        cctp = tokenMessenger;
        cctpUsdc = usdc_;
        emit CctpSet(tokenMessenger, usdc_);
    }

    // --- plumbing ---

    function _call(address target, bytes memory data) internal returns (bytes memory) {
        return proxy.doCall(target, data);
    }

    function _approve(address token, address spender, uint256 amount) internal {
        _call(token, abi.encodeCall(IERC20.approve, (spender, amount)));
    }

    function _decrease(bytes32 key, uint256 amount) internal {
        rateLimits.triggerRateLimitDecrease(key, amount);
    }

    function _increase(bytes32 key, uint256 amount) internal {
        rateLimits.triggerRateLimitIncrease(key, amount);
    }

    // --- Aave ---

    function depositAave(address aToken, uint256 amount) external onlyRole(RELAYER) {
        _decrease(RateLimitKeys.addressKey(LIMIT_AAVE_DEPOSIT, aToken), amount);
        uint256 maxSlippage = maxSlippages[aToken];
        _check(maxSlippage != 0, "max-slippage-not-set");
        address pool = IATokenLike(aToken).POOL();
        address underlying = IATokenLike(aToken).UNDERLYING_ASSET_ADDRESS();
        uint256 before = IATokenLike(aToken).balanceOf(address(proxy));
        _approve(underlying, pool, amount);
        _call(pool, abi.encodeCall(IAavePoolLike.supply, (underlying, amount, address(proxy), 0)));
        uint256 newATokens = IATokenLike(aToken).balanceOf(address(proxy)) - before;
        _check(newATokens >= amount * maxSlippage / 1e18, "slippage-too-high");
    }

    function withdrawAave(address aToken, uint256 amount) external onlyRole(RELAYER) returns (uint256 amountWithdrawn) {
        address pool = IATokenLike(aToken).POOL();
        address underlying = IATokenLike(aToken).UNDERLYING_ASSET_ADDRESS();
        amountWithdrawn = abi.decode(
            _call(pool, abi.encodeCall(IAavePoolLike.withdraw, (underlying, amount, address(proxy)))), (uint256)
        );
        _decrease(RateLimitKeys.addressKey(LIMIT_AAVE_WITHDRAW, aToken), amountWithdrawn);
        _increase(RateLimitKeys.addressKey(LIMIT_AAVE_DEPOSIT, aToken), amountWithdrawn);
    }

    // --- ERC-4626 ---

    function _deposit4626(address token, uint256 amount) internal returns (uint256 shares) {
        _decrease(RateLimitKeys.addressKey(LIMIT_4626_DEPOSIT, token), amount);
        _approve(IERC4626(token).asset(), token, amount);
        shares = abi.decode(_call(token, abi.encodeCall(IERC4626.deposit, (amount, address(proxy)))), (uint256));
        _check(shares != 0 && amount * 1e36 / shares <= maxExchangeRates[token], "exchange-rate-too-high");
    }

    function _withdraw4626(address token, uint256 amount) internal returns (uint256 shares) {
        _decrease(RateLimitKeys.addressKey(LIMIT_4626_WITHDRAW, token), amount);
        _increase(RateLimitKeys.addressKey(LIMIT_4626_DEPOSIT, token), amount);
        shares = abi.decode(
            _call(token, abi.encodeCall(IERC4626.withdraw, (amount, address(proxy), address(proxy)))), (uint256)
        );
    }

    function _redeem4626(address token, uint256 shares) internal returns (uint256 assets) {
        assets = abi.decode(
            _call(token, abi.encodeCall(IERC4626.redeem, (shares, address(proxy), address(proxy)))), (uint256)
        );
        _decrease(RateLimitKeys.addressKey(LIMIT_4626_WITHDRAW, token), assets);
        _increase(RateLimitKeys.addressKey(LIMIT_4626_DEPOSIT, token), assets);
    }

    // --- CCTP ---

    /// @notice Burns `usdcAmount` USDC of the ALMProxy through CCTP V1 towards `destinationDomain`'s mint
    /// recipient, in burns of at most the TokenMinter's `burnLimitsPerMessage(usdc)` (one CCTP message each).
    /// Draws on USDC_TO_CCTP and USDC_TO_DOMAIN(destinationDomain) for the whole amount.
    function transferUSDCToCCTP(uint256 usdcAmount, uint32 destinationDomain) external onlyRole(RELAYER) {
        _decrease(LIMIT_USDC_TO_CCTP, usdcAmount);
        _decrease(RateLimitKeys.uint32Key(LIMIT_USDC_TO_DOMAIN, destinationDomain), usdcAmount);
        bytes32 mintRecipient = mintRecipients[destinationDomain];
        _check(mintRecipient != bytes32(0), "domain-not-configured");
        address messenger = cctp;
        address usdc_ = cctpUsdc;
        _check(messenger != address(0), "cctp-not-set");
        uint256 burnLimit = ICctpTokenMinterLike(ICctpTokenMessengerLike(messenger).localMinter()).burnLimitsPerMessage(usdc_);
        _check(burnLimit != 0, "burn-limit-not-set");
        _approve(usdc_, messenger, usdcAmount);
        while (usdcAmount > 0) {
            uint256 amount = usdcAmount < burnLimit ? usdcAmount : burnLimit;
            _call(
                messenger,
                abi.encodeCall(ICctpTokenMessengerLike.depositForBurn, (amount, destinationDomain, mintRecipient, usdc_))
            );
            usdcAmount -= amount;
        }
    }

    // --- transfers ---

    function transferAsset(address asset, address destination, uint256 amount) external onlyRole(RELAYER) {
        _decrease(RateLimitKeys.addressAddressKey(LIMIT_ASSET_TRANSFER, asset, destination), amount);
        bytes memory ret = _call(asset, abi.encodeCall(IERC20.transfer, (destination, amount)));
        _check(ret.length == 0 || abi.decode(ret, (bool)), "transfer-failed");
    }

    /// @notice Sends `amount` of `oftAddress`'s token to the destination chain's recipient (its ALMProxy).
    /// The relayer pays the fee: `msg.value` must cover `quoteSend(...).nativeFee` for the same SendParam;
    /// any excess and LayerZero refunds stay in the ALMProxy.
    function transferTokenLayerZero(address oftAddress, uint256 amount, uint32 destinationEndpointId)
        external
        payable
        onlyRole(RELAYER)
    {
        _decrease(RateLimitKeys.layerZeroKey(LIMIT_LAYERZERO_TRANSFER, oftAddress, destinationEndpointId), amount);
        bytes32 recipient = layerZeroRecipients[destinationEndpointId];
        _check(recipient != bytes32(0), "recipient-not-set");
        if (IOFTLike(oftAddress).approvalRequired()) {
            _approve(IOFTLike(oftAddress).token(), oftAddress, amount);
        }
        SendParam memory sendParam = SendParam({
            dstEid: destinationEndpointId,
            to: recipient,
            amountLD: amount,
            minAmountLD: 0,
            extraOptions: LZ_RECEIVE_OPTIONS,
            composeMsg: "",
            oftCmd: ""
        });
        (,, OFTReceipt memory receipt) = IOFTLike(oftAddress).quoteOFT(sendParam);
        sendParam.minAmountLD = receipt.amountReceivedLD;
        MessagingFee memory fee = IOFTLike(oftAddress).quoteSend(sendParam, false);
        _check(msg.value >= fee.nativeFee, "insufficient-fee");
        proxy.doCallWithValue{value: msg.value}(
            oftAddress, abi.encodeCall(IOFTLike.send, (sendParam, fee, address(proxy))), fee.nativeFee
        );
    }
}
